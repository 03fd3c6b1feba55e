/**
 * tenuo-ts: Tenuo capability warrants for AI agents — wire-compatible with the
 * Rust reference (tenuo-core), verification hot path in WebAssembly.
 */
export { ErrorCode, TenuoError, httpStatusFor, type ErrorCodeName, type ErrorCodeValue } from './errors.js';
export { SigningKey, PublicKey, WARRANT_CONTEXT, ALGORITHM_ED25519 } from './crypto/keys.js';
export { Warrant, type WarrantKind } from './warrant/warrant.js';
export { WarrantStack, MAX_STACK_LENGTH } from './warrant/stack.js';
export type { IssueOptions, AttenuateOptions, ToolsInput, ToolConstraintsInput } from './warrant/build.js';
export { WARRANT_ID_PREFIX, parseWarrantId } from './warrant/id.js';
export { TENUO_FILE_MAGIC, PEM_WARRANT, PEM_CHAIN } from './warrant/armor.js';
export { MAX_WARRANT_SIZE, MAX_STACK_SIZE } from './warrant/envelope.js';
export { MAX_DELEGATION_DEPTH, MAX_TTL_SECONDS } from './warrant/limits.js';
export { Constraint, ConstraintTypeId } from './constraints/base.js';
export {
  Exact,
  Pattern,
  Range,
  OneOf,
  Regex,
  NotOneOf,
  Cidr,
  UrlPattern,
  Contains,
  Subset,
  Cel,
  Wildcard,
  Subpath,
  UrlSafe,
  Shlex,
  UnknownConstraint,
  type RangeOptions,
  type SubpathOptions,
  type UrlSafeOptions,
  type CelOptions,
} from './constraints/types.js';
export { All, Any, Not } from './constraints/composite.js';
export { ConstraintSet } from './constraints/set.js';
export { constraintFromBytes, constraintToBytes } from './constraints/codec.js';
export { FloatValue, float, type ConstraintValue } from './model/value.js';
export { popChallenge, popWindow, POP_CONTEXT, type ToolArgs } from './pop/challenge.js';
export { SignedApproval, computeRequestHash, type ApprovalPayload, type CreateApprovalOptions } from './approval/approval.js';
export { SignedRevocationList, type CreateSrlOptions } from './revocation/srl.js';
export { Authorizer, DEFAULT_CLOCK_TOLERANCE_SECONDS, type VerifiedChain, type VerifiedLink, type VerifyOptions, type BatchRequest, type BatchResult } from './authorizer/authorizer.js';
export { AuthorizerBuilder } from './authorizer/builder.js';
export type { WarrantInput } from './authorizer/input.js';
export {
  approvalGates,
  argsGate,
  constraintGate,
  exemptGate,
  wholeToolGate,
  encodeApprovalGates,
  parseApprovalGates,
  gateFires,
  APPROVAL_GATES_EXTENSION_KEY,
  type ApprovalGateMap,
  type ApprovalGatesSpec,
  type ArgApprovalGate,
  type ToolApprovalGate,
} from './approval/gates.js';
export { verifyApprovals, approvalRequired, type VerifiedApproval } from './approval/verify.js';
export { RevocationRequest } from './revocation/request.js';
export type { AuthorizationResult, AuthorizeOptions } from './authorizer/authorizer.js';
export { createVerifierPool, type VerifierPool, type VerifierPoolOptions, type VerifierPoolStats, type WorkerStats } from './pool/pool.js';
