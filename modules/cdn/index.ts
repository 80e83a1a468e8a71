/** The optional CDN in front of the API: a CloudFront distribution, its certificate and its bucket of static files. */
export * from "./content-delivery";
export * from "./managed-policies";
