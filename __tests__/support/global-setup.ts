// Placeholder until the offline plan harness lands.
export default async function globalSetup(): Promise<void> {}
