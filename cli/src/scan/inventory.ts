/**
 * What `mlgov scan` reads in one account and region: each kind of SageMaker resource, listed with
 * the SDK's paginator (every page), described one by one, its tags read (ListTags, every page), and
 * turned into the shape the pack judges. Read-only calls only: List*, Describe*, ListTags.
 *
 * Jobs are many and short-lived: only those created within the window are read
 * (`CreationTimeAfter`). A resource deleted between its listing and its description is not an
 * error (it is gone); every other failure of a kind is reported for that kind, and the other kinds
 * are still read.
 */
import {
    DescribeAppCommand, DescribeDomainCommand, DescribeEndpointCommand, DescribeEndpointConfigCommand, DescribeFeatureGroupCommand,
    DescribeHyperParameterTuningJobCommand, DescribeModelCommand, DescribeMonitoringScheduleCommand, DescribeNotebookInstanceCommand,
    DescribeProcessingJobCommand, DescribeSpaceCommand, DescribeTrainingJobCommand, DescribeTransformJobCommand, DescribeUserProfileCommand,
    paginateListApps, paginateListDomains, paginateListEndpointConfigs, paginateListEndpoints, paginateListFeatureGroups,
    paginateListHyperParameterTuningJobs, paginateListModels, paginateListMonitoringSchedules, paginateListNotebookInstances,
    paginateListProcessingJobs, paginateListSpaces, paginateListTags, paginateListTrainingJobs, paginateListTransformJobs,
    paginateListUserProfiles, SageMakerClient, Tag,
} from "@aws-sdk/client-sagemaker";
import { isSageMakerNotFound } from "../../../common/aws-errors";
import { Shape } from "./shapes/common";
import { endpoint, endpointConfiguration } from "./shapes/endpoint";
import { featureGroup } from "./shapes/feature-store";
import { hyperParameterTuningJob, processingJob, trainingJob, transformJob } from "./shapes/jobs";
import { model } from "./shapes/model";
import { monitoringSchedule } from "./shapes/monitoring";
import { notebookInstance } from "./shapes/notebook";
import { app, domain, space, userProfile } from "./shapes/studio";

/** One resource as listed: what its Describe call needs. */
type Listed = Record<string, string | undefined>;

interface Described {
    readonly arn: string;
    readonly name: string;
    readonly shape: Shape;
}

export interface Kind {
    /** The name `--types` takes. */
    readonly name: string;
    /** For people: "notebook instances". */
    readonly label: string;
    /** Only resources created within the window are read. */
    readonly recent?: boolean;
    /** The List and Describe operations, for messages and the IAM policy in the README. */
    readonly operations: readonly [string, string];
    readonly list: (client: SageMakerClient, since: Date, pageSize: number) => AsyncIterable<Listed[]>;
    readonly describe: (client: SageMakerClient, item: Listed, tags: (arn: string) => Promise<Tag[]>) => Promise<Described | undefined>;
}

/** Results per List call (the largest most List operations take). */
export const PAGE_SIZE = 100;

/** `items` of each page of a paginator, as lists of describe arguments. */
async function* each<P, T>(paginator: AsyncIterable<P>, items: (page: P) => T[] | undefined, key: (item: T) => Listed): AsyncIterable<Listed[]> {
    for await (const page of paginator) {
        yield (items(page) ?? []).map(key);
    }
}

export const KINDS: readonly Kind[] = [
    {
        name: "notebook-instances", label: "notebook instances", operations: ["ListNotebookInstances", "DescribeNotebookInstance"],
        list: (client, _since, pageSize) => each(paginateListNotebookInstances({ client, pageSize }, {}), p => p.NotebookInstances, n => ({ name: n.NotebookInstanceName })),
        describe: async (client, { name }, tags) => {
            const d = await client.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name }));
            const arn = d.NotebookInstanceArn as string;
            return { arn, name: name as string, shape: notebookInstance(d, await tags(arn)) };
        },
    },
    {
        name: "domains", label: "Studio domains", operations: ["ListDomains", "DescribeDomain"],
        list: (client, _since, pageSize) => each(paginateListDomains({ client, pageSize }, {}), p => p.Domains, d => ({ id: d.DomainId })),
        describe: async (client, { id }, tags) => {
            const d = await client.send(new DescribeDomainCommand({ DomainId: id }));
            const arn = d.DomainArn as string;
            return { arn, name: d.DomainName ?? (id as string), shape: domain(d, await tags(arn)) };
        },
    },
    {
        name: "user-profiles", label: "user profiles", operations: ["ListUserProfiles", "DescribeUserProfile"],
        list: (client, _since, pageSize) => each(paginateListUserProfiles({ client, pageSize }, {}), p => p.UserProfiles, u => ({ domain: u.DomainId, name: u.UserProfileName })),
        describe: async (client, { domain, name }, tags) => {
            const d = await client.send(new DescribeUserProfileCommand({ DomainId: domain, UserProfileName: name }));
            const arn = d.UserProfileArn as string;
            return { arn, name: `${domain}/${name}`, shape: userProfile(d, await tags(arn)) };
        },
    },
    {
        name: "spaces", label: "spaces", operations: ["ListSpaces", "DescribeSpace"],
        list: (client, _since, pageSize) => each(paginateListSpaces({ client, pageSize }, {}), p => p.Spaces, s => ({ domain: s.DomainId, name: s.SpaceName })),
        describe: async (client, { domain, name }, tags) => {
            const d = await client.send(new DescribeSpaceCommand({ DomainId: domain, SpaceName: name }));
            const arn = d.SpaceArn as string;
            return { arn, name: `${domain}/${name}`, shape: space(d, await tags(arn)) };
        },
    },
    {
        name: "apps", label: "Studio apps", operations: ["ListApps", "DescribeApp"],
        // A deleted app stays listed for a while (ListApps); it runs nothing.
        list: (client, _since, pageSize) => each(paginateListApps({ client, pageSize }, {}), p => p.Apps?.filter(a => a.Status !== "Deleted"), a => ({
            domain: a.DomainId, user: a.UserProfileName, space: a.SpaceName, type: a.AppType, name: a.AppName,
        })),
        describe: async (client, { domain, user, space: spaceName, type, name }, tags) => {
            const d = await client.send(new DescribeAppCommand({
                DomainId: domain, AppType: type as never, AppName: name, ...(spaceName ? { SpaceName: spaceName } : { UserProfileName: user }),
            }));
            if (d.Status === "Deleted") {
                return undefined;
            }
            const arn = d.AppArn as string;
            return { arn, name: `${domain}/${spaceName ?? user}/${type}/${name}`, shape: app(d, await tags(arn)) };
        },
    },
    {
        name: "models", label: "models", operations: ["ListModels", "DescribeModel"],
        list: (client, _since, pageSize) => each(paginateListModels({ client, pageSize }, {}), p => p.Models, m => ({ name: m.ModelName })),
        describe: async (client, { name }, tags) => {
            const d = await client.send(new DescribeModelCommand({ ModelName: name }));
            const arn = d.ModelArn as string;
            return { arn, name: name as string, shape: model(d, await tags(arn)) };
        },
    },
    {
        name: "endpoint-configs", label: "endpoint configurations", operations: ["ListEndpointConfigs", "DescribeEndpointConfig"],
        list: (client, _since, pageSize) => each(paginateListEndpointConfigs({ client, pageSize }, {}), p => p.EndpointConfigs, e => ({ name: e.EndpointConfigName })),
        describe: async (client, { name }, tags) => {
            const d = await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }));
            const arn = d.EndpointConfigArn as string;
            return { arn, name: name as string, shape: endpointConfiguration(d, await tags(arn)) };
        },
    },
    {
        name: "endpoints", label: "endpoints", operations: ["ListEndpoints", "DescribeEndpoint"],
        list: (client, _since, pageSize) => each(paginateListEndpoints({ client, pageSize }, {}), p => p.Endpoints, e => ({ name: e.EndpointName })),
        describe: async (client, { name }, tags) => {
            const d = await client.send(new DescribeEndpointCommand({ EndpointName: name }));
            const arn = d.EndpointArn as string;
            return { arn, name: name as string, shape: endpoint(d, await tags(arn)) };
        },
    },
    {
        name: "training-jobs", label: "training jobs", recent: true, operations: ["ListTrainingJobs", "DescribeTrainingJob"],
        list: (client, since, pageSize) => each(paginateListTrainingJobs({ client, pageSize }, { CreationTimeAfter: since }), p => p.TrainingJobSummaries,
            j => ({ name: j.TrainingJobName })),
        describe: async (client, { name }, tags) => {
            const d = await client.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
            const arn = d.TrainingJobArn as string;
            return { arn, name: name as string, shape: trainingJob(d, await tags(arn)) };
        },
    },
    {
        name: "processing-jobs", label: "processing jobs", recent: true, operations: ["ListProcessingJobs", "DescribeProcessingJob"],
        list: (client, since, pageSize) => each(paginateListProcessingJobs({ client, pageSize }, { CreationTimeAfter: since }), p => p.ProcessingJobSummaries,
            j => ({ name: j.ProcessingJobName })),
        describe: async (client, { name }, tags) => {
            const d = await client.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
            const arn = d.ProcessingJobArn as string;
            return { arn, name: name as string, shape: processingJob(d, await tags(arn)) };
        },
    },
    {
        name: "transform-jobs", label: "transform jobs", recent: true, operations: ["ListTransformJobs", "DescribeTransformJob"],
        list: (client, since, pageSize) => each(paginateListTransformJobs({ client, pageSize }, { CreationTimeAfter: since }), p => p.TransformJobSummaries,
            j => ({ name: j.TransformJobName })),
        describe: async (client, { name }, tags) => {
            const d = await client.send(new DescribeTransformJobCommand({ TransformJobName: name }));
            const arn = d.TransformJobArn as string;
            return { arn, name: name as string, shape: transformJob(d, await tags(arn)) };
        },
    },
    {
        name: "tuning-jobs", label: "hyperparameter tuning jobs", recent: true, operations: ["ListHyperParameterTuningJobs", "DescribeHyperParameterTuningJob"],
        list: (client, since, pageSize) => each(paginateListHyperParameterTuningJobs({ client, pageSize }, { CreationTimeAfter: since }),
            p => p.HyperParameterTuningJobSummaries, j => ({ name: j.HyperParameterTuningJobName })),
        describe: async (client, { name }, tags) => {
            const d = await client.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }));
            const arn = d.HyperParameterTuningJobArn as string;
            return { arn, name: name as string, shape: hyperParameterTuningJob(d, await tags(arn)) };
        },
    },
    {
        name: "monitoring-schedules", label: "monitoring schedules", operations: ["ListMonitoringSchedules", "DescribeMonitoringSchedule"],
        list: (client, _since, pageSize) => each(paginateListMonitoringSchedules({ client, pageSize }, {}), p => p.MonitoringScheduleSummaries,
            m => ({ name: m.MonitoringScheduleName })),
        describe: async (client, { name }, tags) => {
            const d = await client.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name }));
            const arn = d.MonitoringScheduleArn as string;
            return { arn, name: name as string, shape: monitoringSchedule(d, await tags(arn)) };
        },
    },
    {
        name: "feature-groups", label: "feature groups", operations: ["ListFeatureGroups", "DescribeFeatureGroup"],
        list: (client, _since, pageSize) => each(paginateListFeatureGroups({ client, pageSize }, {}), p => p.FeatureGroupSummaries, f => ({ name: f.FeatureGroupName })),
        describe: async (client, { name }, tags) => {
            const d = await client.send(new DescribeFeatureGroupCommand({ FeatureGroupName: name }));
            const arn = d.FeatureGroupArn as string;
            return { arn, name: name as string, shape: featureGroup(d, await tags(arn)) };
        },
    },
];

/** Every tag of `arn` (ListTags, every page; its MaxResults is at least 50, API reference). */
export async function listTags(client: SageMakerClient, arn: string): Promise<Tag[]> {
    const tags: Tag[] = [];
    for await (const page of paginateListTags({ client, pageSize: PAGE_SIZE }, { ResourceArn: arn })) {
        tags.push(...(page.Tags ?? []));
    }
    return tags;
}

/** The resource is gone (deleted after it was listed). */
export const isGone = isSageMakerNotFound;
