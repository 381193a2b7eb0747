import Bowser from "bowser";

export interface Device {
  browser: string;
  os: string;
  /** "Firefox 128 on Windows", or what is known. */
  label: string;
  kind: "mobile" | "tablet" | "desktop" | "unknown";
}

// Browsers freeze the macOS version at 10.15.7, so it says nothing; Windows reports "NT 10.0".
function osVersion(os: { name?: string; version?: string; versionName?: string }): string {
  if (os.name === "Windows" && os.versionName) return ` ${os.versionName}`;
  if ((os.name === "Android" || os.name === "iOS") && os.version) return ` ${os.version.split(".")[0]}`;
  return "";
}

/** A person-readable device from a User-Agent header (parsed by bowser, a maintained parser). */
export function describeDevice(userAgent: string | null | undefined): Device {
  if (!userAgent) return { browser: "", os: "", label: "Unknown device", kind: "unknown" };
  const parsed = Bowser.parse(userAgent);
  const major = parsed.browser.version?.split(".")[0];
  const browser = parsed.browser.name ? `${parsed.browser.name}${major ? ` ${major}` : ""}` : "";
  const os = parsed.os.name ? `${parsed.os.name}${osVersion(parsed.os)}` : "";
  const type = parsed.platform.type;
  const kind = type === "mobile" || type === "tablet" || type === "desktop" ? type : "unknown";
  const label = browser && os ? `${browser} on ${os}` : browser || os || "Unknown browser";
  return { browser, os, label, kind };
}
