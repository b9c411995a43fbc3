/**
 * Stripe live secret (`sk_live_`) and restricted (`rk_live_`) keys. Test-mode keys (`sk_test_`)
 * reach no money and are left out.
 * https://docs.stripe.com/keys
 */
import type { SecretRule } from '../types.ts';

export const stripeSecretToken: SecretRule = {
  id: 'stripe-secret-token',
  category: 'Stripe',
  title: 'Stripe Secret Key',
  severity: 'CRITICAL',
  keywords: ['sk_live_', 'rk_live_'],
  pattern: '(?:^|[^A-Za-z0-9_])(?P<secret>[sr]k_live_[0-9A-Za-z]{24,247})(?:[^A-Za-z0-9_]|$)',
  secretGroup: 'secret',
  caseSensitive: true,
  specUrls: ['https://docs.stripe.com/keys'],
};
