/**
 * The one grant that is a call, not a template resource: account B's default event bus accepts events
 * from account A (`aws events put-permission`, deployment step 3). Kept here, next to the policies it
 * completes, as pure data: the request and the bus policy statement EventBridge makes of it. Rows
 * forward/put-events and forward/bus-accepts-account-a of the permission table document it.
 */

/** The arguments of EventBridge PutPermission for account A. */
export interface EventBusPermission {
  EventBusName: 'default';
  Action: 'events:PutEvents';
  /** Account A's id: only that account may put events. */
  Principal: string;
  /** A fixed id (letters, digits, - and _, up to 64), so a repeated call changes nothing. */
  StatementId: string;
}

export function eventBusPermission(sourceAccountId: string, statementId: string): EventBusPermission {
  return {
    EventBusName: 'default',
    Action: 'events:PutEvents',
    Principal: sourceAccountId,
    StatementId: statementId,
  };
}

/**
 * The statement PutPermission adds to the bus policy: the account (its root ARN) may put events on
 * this bus. Principal `*` is not produced here: the product never opens the bus to everybody.
 */
export function eventBusPolicyStatement(permission: EventBusPermission, busArn: string, partition = 'aws') {
  return {
    Sid: permission.StatementId,
    Effect: 'Allow' as const,
    Principal: { AWS: `arn:${partition}:iam::${permission.Principal}:root` },
    Action: permission.Action,
    Resource: busArn,
  };
}
