/**
 * Prints one plain closing line after jest's own summary, e.g.
 * "jest: 591 passed, 0 failed, 0 skipped", for tools that read a run's
 * result from its last line. A test file that failed outside its tests (it
 * did not load, or an afterAll threw, as the isolation guard does) adds
 * ", 1 test file failed": its tests may all have passed.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const filesFailed = results.testResults.filter(
      (file) =>
        file.testExecError ||
        (file.failureMessage && file.numFailingTests === 0),
    ).length;
    const files =
      filesFailed === 0
        ? ""
        : `, ${filesFailed} test file${filesFailed === 1 ? "" : "s"} failed`;
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped${files}`;
    // After jest's own summary, which its reporters print after this one.
    process.once("exit", () => process.stderr.write(`\n${line}\n`));
  }
}

module.exports = SummaryReporter;
