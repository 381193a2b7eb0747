export * from "./audit";
export * from "./auth";
export * from "./chat";
export * from "./content";
export * from "./enrollment";
export * from "./import";
export * from "./oauth";
export * from "./progress";
