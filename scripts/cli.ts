import "./blank-env";
import { runCommand } from "./run-command";

runCommand(process.argv.slice(2)).then((code) => process.exit(code));
