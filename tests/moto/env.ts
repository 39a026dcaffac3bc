/** Environment variables set for one test (a mocha afterEach puts the old values back). */
export function useEnv(): (vars: Record<string, string | undefined>) => void {
    const saved = new Map<string, string | undefined>();
    const put = (k: string, v: string | undefined) => {
        if (v === undefined) {
            delete process.env[k];
        } else {
            process.env[k] = v;
        }
    };
    afterEach(() => {
        for (const [k, v] of saved) {
            put(k, v);
        }
        saved.clear();
    });
    return vars => {
        for (const [k, v] of Object.entries(vars)) {
            if (!saved.has(k)) {
                saved.set(k, process.env[k]);
            }
            put(k, v);
        }
    };
}
