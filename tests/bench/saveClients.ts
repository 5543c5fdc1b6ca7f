/**
 * The load side of the concurrent-save benchmark, run as a child process so that the clients do not
 * share the server's event loop: each client loads its period form once, then saves `rounds` times,
 * carrying the versions each save returns. Posts back latencies, errors and the values acknowledged.
 */

interface Job {
  baseUrl: string;
  /** The session cookie the clients send (the bench signs in once). */
  cookie: string;
  rounds: number;
  periods: number[];
}

type FormResponse = { result: { data: { indicators: { indicator: { id: number; measure: string }; existing: { version: number } | null }[] } } };
type SaveResponse = { result: { data: { versions: Record<string, number> } } };

async function run({ baseUrl, cookie, rounds, periods }: Job) {
  const latencies: number[] = [];
  let errors = 0;
  const acknowledged: [string, number][] = [];
  const forms = await Promise.all(
    periods.map(async (periodId) => {
      const response = await fetch(`${baseUrl}/api/trpc/results.periodForm?input=${encodeURIComponent(JSON.stringify({ periodId }))}`, { headers: { cookie } });
      return { periodId, indicators: ((await response.json()) as FormResponse).result.data.indicators };
    }),
  );
  await Promise.all(
    forms.map(async ({ periodId, indicators }, client) => {
      const versions = new Map(indicators.map(({ indicator, existing }) => [indicator.id, existing?.version ?? null]));
      for (let round = 0; round < rounds; round++) {
        const entries = indicators.map(({ indicator }, index) => {
          const base = {
            indicatorId: indicator.id,
            expectedVersion: versions.get(indicator.id) ?? null,
            comment: `Benchmark client ${client}, round ${round}`,
            plausibilityConfirmed: true,
          };
          const marker = 1 + ((client * 7 + round * 3 + index) % 9);
          if (indicator.measure === "score") return { ...base, value: marker, respondents: 10 + round };
          if (indicator.measure === "percentage") return { ...base, numerator: marker, denominator: 10 };
          return { ...base, value: marker * 10 + round };
        });
        const started = performance.now();
        const response = await fetch(`${baseUrl}/api/trpc/results.savePeriod`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie },
          body: JSON.stringify({ periodId, entries }),
        });
        const body = await response.text();
        latencies.push(performance.now() - started);
        if (!response.ok) {
          errors++;
          continue;
        }
        for (const [indicatorId, version] of Object.entries((JSON.parse(body) as SaveResponse).result.data.versions)) versions.set(Number(indicatorId), version);
        for (const entry of entries) acknowledged.push([`${entry.indicatorId}/${periodId}`, "value" in entry ? entry.value! : (100 * entry.numerator!) / entry.denominator!]);
      }
    }),
  );
  return { latencies, errors, acknowledged };
}

process.once("message", (job: Job) => {
  run(job).then((outcome) => process.send!(outcome, () => process.exit(0)));
});
