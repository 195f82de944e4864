/**
 * The pages the permission tables cite. The Service Authorization Reference (SAR) lists, per service,
 * every IAM action with the resource types it can be scoped to and its condition keys; the API
 * references say where an operation is authorized by an action of another name.
 */
const SAR_BASE = 'https://docs.aws.amazon.com/service-authorization/latest/reference';

/** One SAR page per service prefix. */
export const SAR = {
  cloudformation: `${SAR_BASE}/list_awscloudformation.html`,
  events: `${SAR_BASE}/list_amazoneventbridge.html`,
  s3: `${SAR_BASE}/list_amazons3.html`,
  sts: `${SAR_BASE}/list_awssecuritytokenservice.html`,
  codepipeline: `${SAR_BASE}/list_awscodepipeline.html`,
  ecr: `${SAR_BASE}/list_amazonelasticcontainerregistry.html`,
  servicecatalog: `${SAR_BASE}/list_awsservicecatalog.html`,
  iam: `${SAR_BASE}/list_awsidentityandaccessmanagementiam.html`,
  kms: `${SAR_BASE}/list_awskeymanagementservice.html`,
  sqs: `${SAR_BASE}/list_amazonsqs.html`,
  ecs: `${SAR_BASE}/list_amazonelasticcontainerservice.html`,
  cloudwatch: `${SAR_BASE}/list_amazoncloudwatch.html`,
} as const;

export const API = {
  /** "To use HEAD, you must have the s3:GetObject permission ... If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP status code 403 Forbidden error." */
  headObject: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html',
  /** "To use this operation, you must have permission to perform the s3:ListBucketVersions action. Be aware of the name difference." */
  listObjectVersions: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html',
  /** "No permissions are required to perform this operation." */
  getCallerIdentity: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html',
  /** "Before you specify a service role, ensure that you have permission to pass it (iam:PassRole)." */
  cloudFormationServiceRole: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html',
  /** DescribeStacks: "Returns the description for the specified stack", its tags among them. */
  describeStacks: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html',
  /** Stack ARNs end in the stack id: "uses a wild card at the end of the stack name". Condition keys cloudformation:RoleArn, ChangeSetName. */
  cloudFormationIam: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/control-access-with-iam.html',
  /** "If you don't specify a name, AWS CloudFormation generates a unique physical ID to name the resource." */
  cloudFormationNameType: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html',
  /**
   * How a generated name looks and is shortened: "MyStackDev-MyNestedApplicatio-MyLambdaFunctionName-1U44TLUZ7OR55"
   * (a 13-character suffix; the logical-id part is cut first). A public record, not AWS's word: unsure.
   */
  generatedNameExample: 'https://gist.github.com/christianklotz/468a240a75f4ae3e73bd52722f926acb',
  /** iam:PassedToService: "the service to which a role is passed". */
  passRole: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
  /**
   * ecs:ListTasks on container instances: a reader "did not get it to work" with the guide's example;
   * the guide's writers answered "The Service Authorization Reference is using the correct ARN format.
   * The issue in the guide is that it was using the older ARN format from before the cluster name was
   * added to the ARN formats for container instances, services, and tasks."
   */
  ecsListTasksResource: 'https://github.com/awsdocs/amazon-ecs-developer-guide/issues/211',
} as const;
