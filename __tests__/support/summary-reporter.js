/**
 * Prints one plain closing line after jest's own summary, e.g.
 * "jest: 591 passed, 0 failed, 0 skipped", for tools that read a run's
 * result from its last line.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`;
    // After jest's own summary, which its reporters print after this one.
    process.once("exit", () => process.stderr.write(`\n${line}\n`));
  }
}

module.exports = SummaryReporter;
