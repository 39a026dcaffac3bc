import { PolicyCase } from "../case";
import { cases as artifacts } from "./artifacts";
import { cases as crossCutting } from "./cross-cutting";
import { cases as customization } from "./customization";
import { cases as endpoint } from "./endpoint";
import { cases as featureStore } from "./feature-store";
import { cases as jobs } from "./jobs";
import { cases as model } from "./model";
import { cases as monitoring } from "./monitoring";
import { cases as notebook } from "./notebook";
import { cases as studio } from "./studio";

/** Every policy case, by area. */
export const allCases: PolicyCase[] = [
    ...studio, ...notebook, ...model, ...endpoint, ...featureStore, ...monitoring, ...jobs, ...artifacts, ...customization,
    ...crossCutting,
];
