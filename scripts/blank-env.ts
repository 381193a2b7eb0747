// Imported first by cli.ts, so blank variables are gone before any other module loads (see
// dropBlankVariables in lib/env.ts).
import { dropBlankVariables } from "@/lib/env";

dropBlankVariables();
