"use client";

import qrcode from "qrcode-generator";
import { useMemo } from "react";

/** The otpauth:// URI as a QR code, drawn as one SVG path (no script, no image request). */
export function TotpQrCode({ uri }: { uri: string }) {
  const { size, path } = useMemo(() => {
    const qr = qrcode(0, "M");
    qr.addData(uri);
    qr.make();
    const count = qr.getModuleCount();
    let d = "";
    for (let row = 0; row < count; row++)
      for (let col = 0; col < count; col++) if (qr.isDark(row, col)) d += `M${col + 2} ${row + 2}h1v1h-1z`;
    return { size: count + 4, path: d };
  }, [uri]);
  return (
    <svg
      role="img"
      aria-label="QR code for your authenticator app"
      viewBox={`0 0 ${size} ${size}`}
      className="size-44 shrink-0 rounded-md border bg-white"
      shapeRendering="crispEdges"
      data-testid="totp-qr"
    >
      <path d={path} fill="#000" />
    </svg>
  );
}
