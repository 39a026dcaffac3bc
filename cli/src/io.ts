/**
 * What every mlgov command shares with the outside world: its streams (Io), its exit codes, and
 * reading the JSON files it is given (`-` is standard input).
 */
import * as fs from "node:fs";

/** No mandatory violation (audit, check, scan); the diff was printed (diff). */
export const EXIT_OK = 0;
/** At least one mandatory violation. */
export const EXIT_BLOCKED = 1;
/** Unusable input: arguments, files, stack, config; the message names it. */
export const EXIT_USAGE = 2;
/** The policy pack itself could not run. */
export const EXIT_PACK_FAILED = 3;
/** `mlgov scan`: no mandatory violation in what was read, but not everything could be read. */
export const EXIT_INCOMPLETE = 4;

/** The streams of a command: the process's in mlgov, strings in tests. */
export interface Io {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    /** Reads all of standard input; default: file descriptor 0. */
    stdin?: () => string;
    /** Whether standard input is a terminal (a person, not a pipe); default: process.stdin.isTTY. */
    stdinIsTerminal?: () => boolean;
}

/** The process's own streams. */
export function processIo(): Io {
    return {
        stdout: text => process.stdout.write(text),
        stderr: text => process.stderr.write(text),
    };
}

/** An input the command cannot use; `hint` says what to do when the command's default advice does not fit. */
export class InputError extends Error {
    constructor(message: string, readonly hint?: string) {
        super(message);
        this.name = "InputError";
    }
}

/** Reads standard input, saying first on stderr when a person would otherwise wait for nothing. */
export function readStdin(io: Io, command: string, what: string): string {
    if (io.stdinIsTerminal ? io.stdinIsTerminal() : process.stdin.isTTY === true) {
        io.stderr(`mlgov ${command}: reading the ${what} from standard input (a terminal): paste it and end with Ctrl-D, ` +
            "or give the file's path instead of -\n");
    }
    return io.stdin ? io.stdin() : fs.readFileSync(0, "utf8");
}

/**
 * The JSON document in `file` (`-`: standard input), or an InputError that names `what` and the file:
 * missing, a directory, unreadable, empty, not JSON. A byte-order mark is ignored.
 */
export function readJsonFile(file: string, what: string, io: Io, command: string): unknown {
    let text: string;
    if (file === "-") {
        text = readStdin(io, command, what);
    } else {
        try {
            text = fs.readFileSync(file, "utf8");
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            throw new InputError(code === "ENOENT" ? `${what} ${file} does not exist (check the path)`
                : code === "EISDIR" ? `${what} ${file} is a directory; give the path of a JSON file`
                    : `cannot read ${what} ${file}: ${(e as Error).message}`);
        }
    }
    if (text.trim() === "") {
        throw new InputError(`${what} ${file} is empty`);
    }
    try {
        return JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (e) {
        throw new InputError(`${what} ${file} is not valid JSON (${(e as Error).message})`);
    }
}
