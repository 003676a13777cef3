// Load shapes, apart from the scenarios that use them. All are open-model (arrival-rate) executors: k6 starts
// iterations at the planned rate whatever the latency, so a slow server shows as latency and dropped_iterations,
// not as a politely lower rate (no coordinated omission).
import { seconds, vuPool } from './config.js';

/** Constant rate for a duration. `rate` may be fractional: it is expressed per minute when below 1/s. */
export function constant(rate, duration, secondsPerIteration = 0.1) {
  const perMinute = rate < 1;
  return {
    executor: 'constant-arrival-rate',
    rate: perMinute ? Math.max(1, Math.round(rate * 60)) : Math.round(rate),
    timeUnit: perMinute ? '1m' : '1s',
    duration,
    ...vuPool(rate, secondsPerIteration),
  };
}

/**
 * A wave that lands: fast ramp to the peak (5 % of the time), a plateau (15 %), then a decay in steps to 10 % of the
 * peak, as when an SMS campaign reaches a cohort in the morning and replies fade over the following hours.
 */
export function wave(peak, duration, secondsPerIteration = 1) {
  const total = seconds(duration);
  const at = (share) => `${Math.max(1, Math.round(total * share))}s`;
  const decay = [0.7, 0.5, 0.35, 0.25, 0.15, 0.1];
  return {
    executor: 'ramping-arrival-rate',
    startRate: 0,
    timeUnit: '1s',
    stages: [
      { target: Math.round(peak), duration: at(0.05) },
      { target: Math.round(peak), duration: at(0.15) },
      ...decay.map((f) => ({ target: Math.max(1, Math.round(peak * f)), duration: at(0.8 / decay.length) })),
    ],
    ...vuPool(peak, secondsPerIteration),
  };
}

/** Stairs from `from` to `to` in `steps` equal steps; each step ramps for 10 % of its time then holds. */
export function stairs(from, to, steps, stepDuration, secondsPerIteration = 0.1) {
  const step = seconds(stepDuration);
  const stages = [];
  for (let k = 0; k < steps; k++) {
    const target = stairTarget(from, to, steps, k);
    stages.push({ target, duration: `${Math.max(1, Math.round(step * 0.1))}s` });
    stages.push({ target, duration: `${Math.max(1, Math.round(step * 0.9))}s` });
  }
  return {
    executor: 'ramping-arrival-rate',
    startRate: Math.round(from),
    timeUnit: '1s',
    stages,
    ...vuPool(to, secondsPerIteration),
  };
}

/** The target rate of step k of stairs(from, to, steps). */
export function stairTarget(from, to, steps, k) {
  return Math.round(from + ((to - from) * k) / Math.max(1, steps - 1));
}
