/** The API's public edge: its hosted zone, DNS-validated certificate, alias records and web application firewall. */
export * from "./alias-records";
export * from "./dns-validated-certificate";
export * from "./domain-name";
export * from "./public-zone";
export * from "./web-firewall";
