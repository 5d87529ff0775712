// For the constructs of this library: each calls usePolicy(this), so that rule packs added to
// the App run for its stack (cdktf never invokes the App's aspects). Not part of the public API.
export { usePolicy } from './private/runner';
