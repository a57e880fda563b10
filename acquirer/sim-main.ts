// CLI for the acquirer simulator: `npm run sim:acquirer -- --port <n> [--data file] [--scenario name] [--profile f]`
// and `--report --data file` to print what it captured. Loopback only. Never imports service/, web/, cli/.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultProfile } from './iso8583/default-profile';
import { parseProfile } from './iso8583/profile';
import { AcquirerSimulator, scenarioNames, startAcquirerSimulator, type ScenarioName } from './simulator';

const usage = `usage: npm run sim:acquirer -- --port <n> [--host 127.0.0.1] [--data records.jsonl] [--scenario ${scenarioNames.join('|')}]
         [--times n] [--delay-ms n] [--decline-code 05] [--profile profile.json] [--no-fsync]
       npm run sim:acquirer -- --report --data records.jsonl`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, data: { type: 'string' },
        scenario: { type: 'string', default: 'approve' }, times: { type: 'string' }, 'delay-ms': { type: 'string' },
        'decline-code': { type: 'string' }, profile: { type: 'string' }, report: { type: 'boolean', default: false },
        'no-fsync': { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (args.help) {
    console.log(usage);
    return 0;
  }
  const profile = args.profile ? parseProfile(JSON.parse(readFileSync(args.profile, 'utf8'))) : defaultProfile;
  if (args.report) {
    if (!args.data || !existsSync(args.data)) {
      console.error(`--report needs --data with an existing record file\n${usage}`);
      return 2;
    }
    // Replays the record without listening: what the acquirer captured, for the three-way comparison.
    const sim = new AcquirerSimulator({ profile, dataFile: args.data });
    console.log(JSON.stringify(sim.report(), null, 2));
    await sim.close();
    return 0;
  }
  const port = Number(args.port);
  if (!args.port || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be 0..65535\n${usage}`);
    return 2;
  }
  if (!(scenarioNames as readonly string[]).includes(args.scenario)) {
    console.error(`unknown scenario ${args.scenario}\n${usage}`);
    return 2;
  }
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : v === 'inf' ? Infinity : Number(v));
  let sim: AcquirerSimulator;
  try {
    sim = await startAcquirerSimulator({
      profile, host: args.host, port, dataFile: args.data, fsync: !args['no-fsync'],
      scenario: {
        name: args.scenario as ScenarioName, times: num(args.times), delayMs: num(args['delay-ms']),
        declineCode: args['decline-code'],
      },
    });
  } catch (err) {
    console.error(`acquirer simulator: ${(err as Error).message}`);
    return 1;
  }
  console.log(`acquirer simulator listening on ${sim.address} (scenario ${args.scenario}, profile ${profile.name}${args.data ? `, record ${args.data}` : ', memory only'})`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}

main().then((code) => process.exit(code));
