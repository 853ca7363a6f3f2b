import { ActorRole, KycTier } from './gen/bloxtr8/common/v1/actor_pb.js';
import { Currency, Network, Rail } from './gen/bloxtr8/common/v1/money_pb.js';
import type { CurrencyCode, RailName } from './rails.ts';

/**
 * A two-way map between a proto enum and the domain's string names. An unknown or UNSPECIFIED wire
 * value maps to undefined, which callers treat as a malformed message, never as a default.
 */
export interface EnumMapping<Wire extends number, Name extends string> {
  toName(wire: Wire): Name | undefined;
  toWire(name: Name): Wire;
}

export function enumMapping<Wire extends number, Name extends string>(
  pairs: ReadonlyArray<readonly [Wire, Name]>,
): EnumMapping<Wire, Name> {
  const byWire = new Map<number, Name>(pairs.map(([wire, name]) => [wire, name]));
  const byName = new Map<string, Wire>(pairs.map(([wire, name]) => [name, wire]));
  return {
    toName: (wire) => byWire.get(wire),
    toWire: (name) => {
      const wire = byName.get(name);
      if (wire === undefined) throw new Error(`no wire value for ${name}`);
      return wire;
    },
  };
}

export const CURRENCIES = enumMapping<Currency, CurrencyCode>([
  [Currency.USD, 'USD'],
  [Currency.USDC, 'USDC'],
]);

export const RAILS = enumMapping<Rail, RailName>([
  [Rail.STRIPE, 'STRIPE'],
  [Rail.USDC_BASE, 'USDC_BASE'],
]);

export const NETWORKS = enumMapping<Network, 'BASE'>([[Network.BASE, 'BASE']]);

export const KYC_TIERS = enumMapping<KycTier, 'TIER_0' | 'TIER_1' | 'TIER_2'>([
  [KycTier.TIER_0, 'TIER_0'],
  [KycTier.TIER_1, 'TIER_1'],
  [KycTier.TIER_2, 'TIER_2'],
]);

export const ACTOR_ROLES = enumMapping<ActorRole, 'USER' | 'ADMIN' | 'SYSTEM'>([
  [ActorRole.USER, 'USER'],
  [ActorRole.ADMIN, 'ADMIN'],
  [ActorRole.SYSTEM, 'SYSTEM'],
]);
