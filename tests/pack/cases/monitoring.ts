import { PolicyCase } from "../case";

export const cases: PolicyCase[] = [];
