// The rules that run for every stack holding a cdktf-prefect construct, with no pack added
// (PrefectRules.defaults()): the Cloud-only check, correctness, and the block secret checks.
import { Rule } from '../rule';
import { ACTIVE_SLOTS_RULE } from '../rules/active-slots';
import { BLOCK_SECRET_IN_DATA_RULE } from '../rules/block-secret-in-data';
import { BLOCK_SECRET_LITERAL_RULE } from '../rules/block-secret-literal';
import { BLOCK_SECRET_SOURCE_RULE } from '../rules/block-secret-source';
import { CLOUD_ONLY_RULE } from '../rules/cloud-only';
import { COLLISION_STRATEGY_RULE } from '../rules/collision-strategy';
import { CRON_BOTH_DAYS_RULE } from '../rules/cron-both-days';
import { DEPLOYMENT_ENTRYPOINT_RULE } from '../rules/deployment-entrypoint';
import { EMPTY_EXPECT_RULE } from '../rules/empty-expect';
import { EVENT_NAME_RULE } from '../rules/event-name';
import { INTERVAL_RANGE_RULE } from '../rules/interval-range';
import { NAMED_WORK_QUEUE_RULE } from '../rules/named-work-queue';
import { NO_SCHEDULES_RULE } from '../rules/no-schedules';
import { POOL_NAME_RULE } from '../rules/pool-name';
import { QUEUE_PRIORITY_RULE } from '../rules/queue-priority';
import { RELATED_ROLE_RULE } from '../rules/related-role';
import { TEMPLATE_TYPE_RULE } from '../rules/template-type';
import { TOKEN_BUILD_ARG_RULE } from '../rules/token-build-arg';
import { ZERO_LIMIT_RULE } from '../rules/zero-limit';

/** PrefectRules.correctness(): legal input that does not do what it seems to, PF-COR-001 to 015. */
export const CORRECTNESS_RULES: Rule[] = [
  DEPLOYMENT_ENTRYPOINT_RULE, NAMED_WORK_QUEUE_RULE, COLLISION_STRATEGY_RULE, ZERO_LIMIT_RULE, ACTIVE_SLOTS_RULE,
  POOL_NAME_RULE, TEMPLATE_TYPE_RULE, QUEUE_PRIORITY_RULE, CRON_BOTH_DAYS_RULE, INTERVAL_RANGE_RULE,
  EVENT_NAME_RULE, EMPTY_EXPECT_RULE, RELATED_ROLE_RULE, NO_SCHEDULES_RULE, TOKEN_BUILD_ARG_RULE,
];

/** The block secret checks of the security pack that also run by default (PF-SEC-004 to 006). */
export const DEFAULT_SECURITY_RULES: Rule[] = [BLOCK_SECRET_IN_DATA_RULE, BLOCK_SECRET_LITERAL_RULE, BLOCK_SECRET_SOURCE_RULE];

/** Every rule that runs with no pack added. */
export const DEFAULT_RULES: Rule[] = [CLOUD_ONLY_RULE, ...CORRECTNESS_RULES, ...DEFAULT_SECURITY_RULES];
