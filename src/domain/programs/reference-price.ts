/**
 * A class's reference price: the highest reference price of the models in the class, so that an
 * award commits enough KRW whichever model of the class the scheduler places the work on.
 */

import { ownValue } from "./own-value.js";

/** An accelerator model as far as pricing goes (the fleet file's `class` and `refPriceKrwPerHour`). */
export interface PricedModel {
  readonly acceleratorClass: string;
  readonly refPriceKrwPerHour: bigint;
}

/** The reference price of every class: the maximum over its models, in KRW per accelerator-hour. */
export function classReferencePrices(models: readonly PricedModel[]): Record<string, bigint> {
  const prices: Record<string, bigint> = {};
  for (const m of models) {
    const current = ownValue(prices, m.acceleratorClass);
    if (current === undefined || m.refPriceKrwPerHour > current) prices[m.acceleratorClass] = m.refPriceKrwPerHour;
  }
  return prices;
}
