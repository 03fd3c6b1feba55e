/**
 * Error codes of wire-format Appendix A.1. The numeric code is the canonical,
 * cross-protocol identity of a failure; `kind` is its kebab-case spelling used
 * by the HTTP surface.
 */
export const ErrorCode = {
  UnsupportedEnvelopeVersion: 1000,
  InvalidEnvelopeStructure: 1001,
  SignatureInvalid: 1100,
  SignatureAlgorithmMismatch: 1101,
  UnsupportedAlgorithm: 1102,
  InvalidKeyLength: 1103,
  InvalidSignatureLength: 1104,
  UnsupportedPayloadVersion: 1200,
  InvalidPayloadStructure: 1201,
  MalformedCBOR: 1202,
  UnknownPayloadField: 1203,
  MissingRequiredField: 1204,
  WarrantExpired: 1300,
  WarrantNotYetValid: 1301,
  IssuedInFuture: 1302,
  TTLExceeded: 1303,
  InvalidIssuer: 1400,
  ParentHashMismatch: 1401,
  DepthExceeded: 1402,
  DepthViolation: 1403,
  ChainTooLong: 1404,
  ChainBroken: 1405,
  UntrustedRoot: 1406,
  ToolNotAuthorized: 1500,
  ConstraintViolation: 1501,
  InvalidAttenuation: 1502,
  CapabilityExpansion: 1503,
  UnknownConstraintType: 1504,
  PopSignatureInvalid: 1600,
  PopExpired: 1601,
  PopChallengeInvalid: 1602,
  InsufficientApprovals: 1700,
  ApprovalInvalid: 1701,
  ApproverNotAuthorized: 1702,
  ApprovalExpired: 1703,
  UnsupportedApprovalVersion: 1704,
  ApprovalPayloadInvalid: 1705,
  ApprovalRequestHashMismatch: 1706,
  ApprovalRequired: 1707,
  WarrantRevoked: 1800,
  SRLInvalid: 1801,
  SRLVersionRollback: 1802,
  WarrantTooLarge: 1900,
  ChainTooLarge: 1901,
  TooManyTools: 1902,
  TooManyConstraints: 1903,
  ExtensionTooLarge: 1904,
  ValueTooLarge: 1905,
  ReservedExtensionKey: 2000,
  InvalidExtensionValue: 2001,
  ReservedToolName: 2100,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;
export type ErrorCodeValue = (typeof ErrorCode)[ErrorCodeName];

const NAME_BY_CODE = new Map<number, ErrorCodeName>(
  (Object.keys(ErrorCode) as ErrorCodeName[]).map((name) => [ErrorCode[name], name]),
);

/** `MalformedCBOR` → `malformed-cbor`, `TTLExceeded` → `ttl-exceeded`. */
function toKebab(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

/** HTTP status by code range (Appendix A.3). */
export function httpStatusFor(code: number): number {
  const range = Math.floor(code / 100);
  switch (range) {
    case 11:
    case 13:
    case 16:
    case 18:
      return 401;
    case 14:
    case 15:
    case 17:
      return 403;
    case 19:
      return 413;
    default:
      return 400;
  }
}

/**
 * The one error type of the library. Every failure a caller can provoke with
 * bad input surfaces as a TenuoError carrying the most specific Appendix A code.
 */
export class TenuoError extends Error {
  readonly code: ErrorCodeValue;
  readonly kind: string;
  readonly httpStatus: number;
  /** Structured context for callers (e.g. the request hash of ApprovalRequired). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCodeValue, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TenuoError';
    this.code = code;
    this.kind = toKebab(NAME_BY_CODE.get(code) ?? 'Unknown');
    this.httpStatus = httpStatusFor(code);
    this.details = Object.freeze({ ...details });
  }

  /** The Appendix A name of the code, e.g. `ChainBroken`. */
  get codeName(): ErrorCodeName {
    return NAME_BY_CODE.get(this.code) as ErrorCodeName;
  }

  toJSON(): { code: number; kind: string; message: string } {
    return { code: this.code, kind: this.kind, message: this.message };
  }
}

/** Shorthand used throughout the codebase. */
export function fail(code: ErrorCodeValue, message: string, details?: Record<string, unknown>): never {
  throw new TenuoError(code, message, details);
}
