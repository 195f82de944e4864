/**
 * Policies the proof needs that the templates do not hold: what a person attaches outside the stacks,
 * and the worst case for everybody else. Named so the report can say which one allowed a call.
 */

/** AWS managed policy AmazonECSTaskExecutionRolePolicy (its text as AWS publishes it), attached to the execution role. */
export const ECS_TASK_EXECUTION_POLICY = {
  label: 'AWS managed AmazonECSTaskExecutionRolePolicy',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
};

/**
 * Every other principal is assumed to hold AdministratorAccess in its own account: the worst case, so
 * a denied probe proves that the resource side (trust, key, bucket, repository, bus policy) alone
 * keeps it out.
 */
export const ADMINISTRATOR_ACCESS = {
  label: 'AdministratorAccess (assumed, worst case)',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};
