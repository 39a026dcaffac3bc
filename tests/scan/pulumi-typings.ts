/**
 * The input names `@pulumi/aws` declares for a resource type, read from its installed type
 * definitions with the TypeScript compiler (`aws:sagemaker/notebookInstance:NotebookInstance` ->
 * `sagemaker/notebookInstance.d.ts`, interface `NotebookInstanceArgs`), to check that every input
 * mlgov scan sends is one the provider has, at every depth.
 */
import * as path from "node:path";
import * as ts from "typescript";

const AWS_DIR = path.dirname(require.resolve("@pulumi/aws/package.json"));

/** The `.d.ts` file and Args interface of an `aws:` type token. */
function locate(type: string): { file: string; args: string } {
    const m = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m) {
        throw new Error(`${type} is not an @pulumi/aws type token`);
    }
    return { file: path.join(AWS_DIR, m[1], `${m[2]}.d.ts`), args: `${m[3]}Args` };
}

export class PulumiInputs {
    private readonly checker: ts.TypeChecker;
    private readonly program: ts.Program;

    constructor(types: readonly string[]) {
        this.program = ts.createProgram(types.map(t => locate(t).file), { skipLibCheck: true, strict: true, noEmit: true });
        this.checker = this.program.getTypeChecker();
    }

    /** The object type behind `Input<T>`, `Input<T>[]` and `T | undefined` (undefined for a scalar). */
    private objectOf(t: ts.Type): { type: ts.Type; array: boolean } | undefined {
        for (const part of t.isUnion() ? t.types : [t]) {
            const text = this.checker.typeToString(part);
            if (text.startsWith("Promise<") || text.startsWith("OutputInstance<") || part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.StringLike
                | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike)) {
                continue;
            }
            if (this.checker.isArrayType(part)) {
                const element = this.objectOf((part as ts.TypeReference).typeArguments?.[0] as ts.Type);
                return element && { type: element.type, array: true };
            }
            if (part.getProperties().length > 0 || this.checker.getIndexInfosOfType(part).length > 0) {
                return { type: part, array: false };
            }
        }
        return undefined;
    }

    private argsType(type: string): ts.Type {
        const { file, args } = locate(type);
        const source = this.program.getSourceFile(file);
        let found: ts.Type | undefined;
        source?.forEachChild(node => {
            if (ts.isInterfaceDeclaration(node) && node.name.text === args) {
                found = this.checker.getTypeAtLocation(node);
            }
        });
        if (!found) {
            throw new Error(`${args} not found in ${file}`);
        }
        return found;
    }

    /** Every path of `inputs` that the provider does not declare for `type` (`a.b[].c`). */
    undeclared(type: string, inputs: unknown): string[] {
        const out: string[] = [];
        const walk = (t: ts.Type, value: unknown, at: string) => {
            if (Array.isArray(value)) {
                value.forEach(v => walk(t, v, `${at}[]`));
                return;
            }
            if (value === null || typeof value !== "object") {
                return;
            }
            if (this.checker.getIndexInfosOfType(t).length > 0 && t.getProperties().length === 0) {
                return; // a map (tags, environment)
            }
            for (const [key, v] of Object.entries(value)) {
                const symbol = t.getProperty(key);
                const here = at ? `${at}.${key}` : key;
                if (!symbol) {
                    out.push(here);
                    continue;
                }
                const inner = this.objectOf(this.checker.getTypeOfSymbol(symbol));
                if (inner) {
                    walk(inner.type, v, here);
                } else if (v !== null && typeof v === "object" && !(Array.isArray(v) && v.every(e => e === null || typeof e !== "object"))) {
                    out.push(`${here} (an object where the provider takes a scalar)`);
                }
            }
        };
        walk(this.argsType(type), inputs, "");
        return out;
    }
}
