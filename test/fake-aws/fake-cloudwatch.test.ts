/**
 * The fake CloudWatch through the SDK's own CloudWatchClient: awsJson1_0 on the wire (the client's
 * protocol), the alarm state read back, and errors carrying the Query API's code in `x-amzn-query-error`
 * as the awsQueryCompatible client reads them.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import type { HttpRequest } from '@smithy/types';
import { FakeAws } from './fake-aws';
import { readBody } from './wire/fake-http-handler';

const B = '444455556666';
let aws: FakeAws;
let keyB: string;
/** What went over the wire: each request's headers and body, and each answer's status and headers. */
let wire: Array<{ headers: Record<string, string>; body: string; status: number; answer: Record<string, string> }>;

beforeEach(() => {
  aws = new FakeAws([B]);
  keyB = aws.addUser(B, 'bob');
  wire = [];
});

// One attempt: these tests look at what the fake answers, not at the SDK's retries.
const cloudWatch = (region = 'eu-west-1') =>
  new CloudWatchClient({
    region,
    maxAttempts: 1,
    credentials: { accessKeyId: keyB, secretAccessKey: 'x' },
    requestHandler: {
      handle: async (request: HttpRequest, options?: object) => {
        const out = await aws.requestHandler.handle(request, options);
        wire.push({ headers: request.headers, body: new TextDecoder().decode(await readBody(request.body)), status: out.response.statusCode, answer: out.response.headers });
        return out;
      },
    },
  });

const describe1 = (name: string, region?: string) => cloudWatch(region).send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] }));

describe('fake CloudWatch on the wire', () => {
  it('answers the SDK client\'s DescribeAlarms in awsJson1_0 with the alarm\'s state', async () => {
    aws.cloudWatch(B, 'eu-west-1').setAlarm('orders-api-5xx', 'ALARM', 'Threshold Crossed: 5xx above 1%');
    const out = await describe1('orders-api-5xx');
    expect(out.MetricAlarms).toEqual([
      expect.objectContaining({ AlarmName: 'orders-api-5xx', AlarmArn: `arn:aws:cloudwatch:eu-west-1:${B}:alarm:orders-api-5xx`, StateValue: 'ALARM', StateReason: 'Threshold Crossed: 5xx above 1%' }),
    ]);
    // Timestamps travel as epoch seconds and come back as dates.
    expect(out.MetricAlarms![0]!.StateUpdatedTimestamp).toBeInstanceOf(Date);
    expect(out.CompositeAlarms).toEqual([]);
    // The request was awsJson1_0: target, content type and a JSON body; so was the answer.
    const [call] = wire;
    expect(call!.headers).toMatchObject({ 'x-amz-target': 'GraniteServiceVersion20100801.DescribeAlarms', 'content-type': 'application/x-amz-json-1.0' });
    expect(JSON.parse(call!.body)).toEqual({ AlarmNames: ['orders-api-5xx'], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] });
    expect(call!.answer['content-type']).toBe('application/x-amz-json-1.0');
    expect(aws.calls.map((c) => `${c.service} ${c.command} ${c.account} ${c.region}`)).toEqual([`cloudwatch DescribeAlarms ${B} eu-west-1`]);
  });

  it('reads a composite alarm, and no member for a name no alarm has in that region', async () => {
    aws.cloudWatch(B, 'eu-west-1').setAlarm('service-health', 'OK', 'all children OK', 'CompositeAlarm');
    const out = await describe1('service-health');
    expect(out.CompositeAlarms?.map((a) => `${a.AlarmName} ${a.StateValue}`)).toEqual(['service-health OK']);
    expect(out.MetricAlarms).toEqual([]);
    expect(await describe1('service-health', 'eu-central-1')).toMatchObject({ MetricAlarms: [], CompositeAlarms: [] });
  });

  it('names errors by the Query API code of x-amzn-query-error, as the awsQueryCompatible client reads it', async () => {
    aws.throttle(1, 'cloudwatch');
    await expect(describe1('orders-api-5xx')).rejects.toMatchObject({ name: 'Throttling', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 }, Error: { Code: 'Throttling', Type: 'Sender' } });
    expect(wire[0]!.answer).toMatchObject({ 'x-amzn-query-error': 'Throttling;Sender', 'content-type': 'application/x-amz-json-1.0' });
    aws.expire(keyB);
    await expect(describe1('orders-api-5xx')).rejects.toMatchObject({ name: 'ExpiredToken', $metadata: { httpStatusCode: 403 } });
  });

  it('answers the alarm a policy allows, and refuses another, naming it', async () => {
    const alarmArn = (name: string) => `arn:aws:cloudwatch:eu-west-1:${B}:alarm:${name}`;
    aws.enforceIdentityPolicy(keyB, { Version: '2012-10-17', Statement: [{ Sid: 'ReadOne', Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: alarmArn('checkout-5xx') }] });
    aws.cloudWatch(B, 'eu-west-1').setAlarm('checkout-5xx', 'OK');
    expect((await describe1('checkout-5xx')).MetricAlarms?.map((a) => a.StateValue)).toEqual(['OK']);
    await expect(describe1('orders-api-5xx')).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining(`not authorized to perform: cloudwatch:DescribeAlarms on resource: arn:aws:cloudwatch:eu-west-1:${B}:alarm:orders-api-5xx`),
    });
  });
});
