// The wallet's and shares' addresses (plain functions, safe in components). `/s/:token` is printed on
// certificates and handed to universities: it never changes (docs/architecture.md "public URLs").
export const WALLET_PATH = "/wallet";
export const TRANSCRIPT_JSON_PATH = "/wallet/transcript.json";

export const walletCredentialPath = (credentialId: string) => `/wallet/${credentialId}`;
export const walletCredentialJsonPath = (credentialId: string) => `/wallet/${credentialId}/credential.json`;
export const walletCredentialPrintPath = (credentialId: string) => `/wallet/${credentialId}/print`;

export const sharePath = (token: string) => `/s/${token}`;
export const shareJsonPath = (token: string) => `/s/${token}/credential.json`;
export const sharePrintPath = (token: string) => `/s/${token}/print`;

/** The public verification page, opened with a credential's URL (/verify accepts `credential`). */
export const verifyPathFor = (credentialUrl: string) => `/verify?credential=${encodeURIComponent(credentialUrl)}`;
