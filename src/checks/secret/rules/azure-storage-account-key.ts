/**
 * Azure storage account key (512 bits, base64: 86 characters + `==`), as written in a connection
 * string (`DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...`).
 * https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string
 */
import type { SecretRule } from '../types.ts';

export const azureStorageAccountKey: SecretRule = {
  id: 'azure-storage-account-key',
  category: 'Azure',
  title: 'Azure Storage Account Key',
  severity: 'CRITICAL',
  keywords: ['accountkey'],
  pattern: '(?i)AccountKey=(?P<secret>[A-Za-z0-9+/]{86}==)',
  secretGroup: 'secret',
  minEntropy: 4,
  specUrls: ['https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string'],
};
