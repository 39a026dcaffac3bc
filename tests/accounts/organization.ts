/**
 * A fake AWS Organization behind aws-sdk-client-mock: OUs, accounts and tags, answered page by page
 * (NextToken) as the Organizations API does, with an unknown parent failing like the API.
 */
import {
    Account, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, ListTagsForResourceCommand, OrganizationsClient,
    ParentNotFoundException, TargetNotFoundException,
} from "@aws-sdk/client-organizations";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";

export interface FakeOu {
    readonly id: string;
    readonly accounts?: readonly Account[];
    readonly children?: readonly FakeOu[];
}

export interface FakeOrganization {
    readonly client: OrganizationsClient;
    readonly mock: AwsClientStub<OrganizationsClient>;
}

/** An ACTIVE account (State and Status, as the API returns both until September 2026). */
export const active = (id: string, name: string): Account => ({ Id: id, Name: name, Arn: `arn:aws:organizations::111122223333:account/o-a1b2c3d4e5/${id}`, Email: `${name}@example.com`, State: "ACTIVE", Status: "ACTIVE" });

function page<T>(items: readonly T[], token: string | undefined, size: number, key: string): { items: T[]; next?: string } {
    const start = token ? Number(token.split("#")[1]) : 0;
    const end = start + size;
    return { items: items.slice(start, end), next: end < items.length ? `${key}#${end}` : undefined };
}

/** A client whose Organizations calls answer from `roots` (and `tags` by account id), `pageSize` items per page. */
export function fakeOrganization(roots: readonly FakeOu[], tags: Readonly<Record<string, Record<string, string>>> = {}, pageSize = 2): FakeOrganization {
    const ous = new Map<string, FakeOu>();
    const index = (ou: FakeOu) => { ous.set(ou.id, ou); (ou.children ?? []).forEach(index); };
    roots.forEach(index);
    const parent = (id: string | undefined) => {
        const ou = ous.get(id ?? "");
        if (!ou) {
            throw new ParentNotFoundException({ message: "We can't find a root or OU with the ParentId that you specified.", $metadata: { httpStatusCode: 400, attempts: 1 } });
        }
        return ou;
    };
    const client = new OrganizationsClient({ region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
    const mock = mockClient(client);
    mock.on(ListAccountsForParentCommand).callsFake(input => {
        const p = page(parent(input.ParentId).accounts ?? [], input.NextToken, pageSize, `accounts-${input.ParentId}`);
        return { Accounts: p.items, NextToken: p.next };
    });
    mock.on(ListOrganizationalUnitsForParentCommand).callsFake(input => {
        const children = (parent(input.ParentId).children ?? []).map(c => ({ Id: c.id, Name: c.id, Arn: `arn:aws:organizations::111122223333:ou/o-a1b2c3d4e5/${c.id}` }));
        const p = page(children, input.NextToken, pageSize, `ous-${input.ParentId}`);
        return { OrganizationalUnits: p.items, NextToken: p.next };
    });
    mock.on(ListTagsForResourceCommand).callsFake(input => {
        const known = [...ous.values()].some(ou => (ou.accounts ?? []).some(a => a.Id === input.ResourceId));
        if (!known) {
            throw new TargetNotFoundException({ message: "We can't find a resource with the ResourceId that you specified.", $metadata: { attempts: 1 } });
        }
        const list = Object.entries(tags[input.ResourceId ?? ""] ?? {}).map(([Key, Value]) => ({ Key, Value }));
        const p = page(list, input.NextToken, pageSize, `tags-${input.ResourceId}`);
        return { Tags: p.items, NextToken: p.next };
    });
    return { client, mock };
}
