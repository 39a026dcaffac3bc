/** The default tags of the providers: one place that decides them. */
import { MANAGED_BY } from "./schema";
import { TagMap } from "./types";

/**
 * The tags every resource of a provider gets: the stack's `tags`, then an account's own `tags`, then
 * `environment`, `owner` and `managed-by` (which `tags` may not set).
 */
export function defaultTagsOf(stack: { readonly environment: string; readonly owner: string; readonly tags: TagMap }, accountTags: TagMap = {}): TagMap {
    return { ...stack.tags, ...accountTags, environment: stack.environment, owner: stack.owner, "managed-by": MANAGED_BY };
}
