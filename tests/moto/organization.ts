/**
 * Seeding an organization in moto with the real Organizations API, as a management account would:
 * CreateOrganization, OUs, CreateAccount (moto completes it at once; AWS answers IN_PROGRESS and the
 * caller polls DescribeCreateAccountStatus, which this does too), MoveAccount, tags, CloseAccount.
 */
import {
    CloseAccountCommand, CreateAccountCommand, CreateOrganizationalUnitCommand, CreateOrganizationCommand, DescribeCreateAccountStatusCommand,
    ListRootsCommand, MoveAccountCommand, OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { MotoServer } from "./server";

export interface SeededAccount {
    readonly id: string;
    readonly name: string;
}

export class SeededOrganization {
    private constructor(readonly client: OrganizationsClient, readonly id: string, readonly managementAccountId: string, readonly rootId: string) {}

    /** CreateOrganization (all features) as moto's default account, which becomes the management account. */
    static async create(server: MotoServer): Promise<SeededOrganization> {
        const client = new OrganizationsClient(server.clientConfig());
        const { Organization } = await client.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
        const { Roots } = await client.send(new ListRootsCommand({}));
        return new SeededOrganization(client, Organization?.Id as string, Organization?.MasterAccountId as string, Roots?.[0]?.Id as string);
    }

    async ou(name: string, parentId = this.rootId): Promise<string> {
        const { OrganizationalUnit } = await this.client.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }));
        return OrganizationalUnit?.Id as string;
    }

    /** A new member account in `parentId` (the root by default), with `tags`. */
    async account(name: string, parentId = this.rootId, tags: Record<string, string> = {}): Promise<SeededAccount> {
        const created = await this.client.send(new CreateAccountCommand({
            AccountName: name,
            Email: `${name}@example.com`,
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        }));
        let status = created.CreateAccountStatus;
        for (let i = 0; status?.State === "IN_PROGRESS" && i < 50; i++) {
            status = (await this.client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id }))).CreateAccountStatus;
        }
        if (status?.State !== "SUCCEEDED" || !status.AccountId) {
            throw new Error(`CreateAccount ${name}: ${status?.State} ${status?.FailureReason ?? ""}`);
        }
        if (parentId !== this.rootId) {
            await this.client.send(new MoveAccountCommand({ AccountId: status.AccountId, SourceParentId: this.rootId, DestinationParentId: parentId }));
        }
        return { id: status.AccountId, name };
    }

    async close(accountId: string): Promise<void> {
        await this.client.send(new CloseAccountCommand({ AccountId: accountId }));
    }
}
