import type { Rule } from "../rule.js";
import { noFailoverWithStandby, shutdownPortDisabled } from "./advice.js";
import { ajpExposure, ajpWithoutSecret, literalSecret } from "./ajp-exposure.js";
import { hostSyntax, managerAllowSyntax } from "./hosts.js";
import { balancerHasActiveMember, memberConnectorExists, membersNameTomcats, oneMemberStatus } from "./members.js";
import { mountSlashSymmetry, mountsUnique, mountSyntax } from "./mounts.js";
import { outputPaths } from "./output-paths.js";
import { packetSizeAgrees } from "./packet-size.js";
import { portsDistinctPerMachine } from "./ports.js";
import { distributableReminder, oneClusterPerTomcat, receiverAddresses, replicatedHasPeers, replicatedTomcatsHaveReceivers, unusedCluster } from "./replication.js";
import { uniqueBalancerNames, uniqueJvmRoutes, uniqueTomcatNames } from "./unique-names.js";

/** Rules whose findings are errors. */
export const RULES: readonly Rule[] = [
  uniqueTomcatNames,
  uniqueJvmRoutes,
  uniqueBalancerNames,
  hostSyntax,
  membersNameTomcats,
  oneMemberStatus,
  balancerHasActiveMember,
  memberConnectorExists,
  mountSyntax,
  mountsUnique,
  mountSlashSymmetry,
  portsDistinctPerMachine,
  ajpExposure,
  packetSizeAgrees,
  managerAllowSyntax,
  outputPaths,
  replicatedHasPeers,
  replicatedTomcatsHaveReceivers,
  oneClusterPerTomcat,
  receiverAddresses,
];

/** Rules whose findings are warnings: questionable but working choices. */
export const ADVICE: readonly Rule[] = [ajpWithoutSecret, literalSecret, noFailoverWithStandby, shutdownPortDisabled, distributableReminder, unusedCluster];
