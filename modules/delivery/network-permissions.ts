/** Rows of RESOURCE_PERMISSIONS (resource-permissions.ts): network, logs, alarms, events, audit. */
import type { ResourcePermissions } from "./resource-permission-types";

const EC2_READ = ["ec2:Describe*"];
const EC2_TAGS = ["ec2:CreateTags", "ec2:DeleteTags"];
const SG_RULES = [
  "ec2:AuthorizeSecurityGroupEgress",
  "ec2:AuthorizeSecurityGroupIngress",
  "ec2:ModifySecurityGroupRules",
  "ec2:RevokeSecurityGroupEgress",
  "ec2:RevokeSecurityGroupIngress",
  "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
  "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
];
const LOG_GROUPS = [
  "arn:aws:logs:{region}:{account}:log-group:/ecs/{prefix}-*",
  "arn:aws:logs:{region}:{account}:log-group:/aws/rds/instance/{prefix}-*",
  "arn:aws:logs:{region}:{account}:log-group:/vpc/{prefix}/*",
  // The web ACL's log group (WAF logs only to groups named aws-waf-logs-*).
  "arn:aws:logs:{region}:{account}:log-group:aws-waf-logs-{prefix}-*",
];

/** Network, logs, alarms, events and audit resource types. */
export const NETWORK_PERMISSIONS: Readonly<
  Record<string, ResourcePermissions>
> = {
  // ------------------------------------------------------------- network
  aws_vpc: {
    deploy: [
      "ec2:CreateVpc",
      "ec2:DeleteVpc",
      "ec2:ModifyVpcAttribute",
      ...EC2_TAGS,
    ],
    read: EC2_READ,
  },
  aws_subnet: {
    deploy: [
      "ec2:CreateSubnet",
      "ec2:DeleteSubnet",
      "ec2:ModifySubnetAttribute",
      ...EC2_TAGS,
    ],
    read: EC2_READ,
  },
  aws_internet_gateway: {
    deploy: [
      "ec2:AttachInternetGateway",
      "ec2:CreateInternetGateway",
      "ec2:DeleteInternetGateway",
      "ec2:DetachInternetGateway",
      ...EC2_TAGS,
    ],
    read: EC2_READ,
  },
  aws_eip: {
    deploy: [
      "ec2:AllocateAddress",
      "ec2:DisassociateAddress",
      "ec2:ReleaseAddress",
      ...EC2_TAGS,
    ],
    read: EC2_READ,
  },
  aws_nat_gateway: {
    deploy: ["ec2:CreateNatGateway", "ec2:DeleteNatGateway", ...EC2_TAGS],
    read: EC2_READ,
  },
  aws_route_table: {
    deploy: ["ec2:CreateRouteTable", "ec2:DeleteRouteTable", ...EC2_TAGS],
    read: EC2_READ,
  },
  aws_default_route_table: {
    deploy: [
      "ec2:CreateRoute",
      "ec2:DeleteRoute",
      "ec2:ReplaceRoute",
      ...EC2_TAGS,
    ],
    read: EC2_READ,
  },
  aws_route: {
    deploy: ["ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ReplaceRoute"],
    read: EC2_READ,
  },
  aws_route_table_association: {
    deploy: [
      "ec2:AssociateRouteTable",
      "ec2:DisassociateRouteTable",
      "ec2:ReplaceRouteTableAssociation",
    ],
    read: EC2_READ,
  },
  aws_default_security_group: {
    deploy: [...SG_RULES, ...EC2_TAGS],
    read: EC2_READ,
  },
  aws_security_group: {
    deploy: [
      "ec2:CreateSecurityGroup",
      "ec2:DeleteSecurityGroup",
      ...SG_RULES,
      ...EC2_TAGS,
    ],
    read: EC2_READ,
  },
  aws_vpc_security_group_ingress_rule: {
    deploy: [...SG_RULES, ...EC2_TAGS],
    read: EC2_READ,
  },
  aws_vpc_security_group_egress_rule: {
    deploy: [...SG_RULES, ...EC2_TAGS],
    read: EC2_READ,
  },
  aws_vpc_endpoint: {
    deploy: [
      "ec2:CreateVpcEndpoint",
      "ec2:DeleteVpcEndpoints",
      "ec2:ModifyVpcEndpoint",
      ...EC2_TAGS,
    ],
    read: EC2_READ,
  },
  aws_flow_log: {
    deploy: ["ec2:CreateFlowLogs", "ec2:DeleteFlowLogs", ...EC2_TAGS],
    read: EC2_READ,
  },

  // ---------------------------------------------------- logs and alarms
  aws_cloudwatch_log_group: {
    deploy: [
      "logs:AssociateKmsKey",
      "logs:CreateLogGroup",
      "logs:DeleteLogGroup",
      "logs:DeleteRetentionPolicy",
      "logs:DisassociateKmsKey",
      "logs:PutRetentionPolicy",
      "logs:TagResource",
      "logs:UntagResource",
    ],
    read: ["logs:DescribeLogGroups", "logs:ListTagsForResource"],
    arns: LOG_GROUPS,
  },
  aws_cloudwatch_metric_alarm: {
    deploy: [
      "cloudwatch:DeleteAlarms",
      "cloudwatch:PutMetricAlarm",
      "cloudwatch:TagResource",
      "cloudwatch:UntagResource",
    ],
    read: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
    arns: ["arn:aws:cloudwatch:{region}:{account}:alarm:{prefix}-*"],
  },
  aws_cloudwatch_dashboard: {
    deploy: ["cloudwatch:DeleteDashboards", "cloudwatch:PutDashboard"],
    read: ["cloudwatch:GetDashboard"],
    arns: ["arn:aws:cloudwatch::{account}:dashboard/{prefix}*"],
  },
  aws_cloudwatch_event_rule: {
    deploy: [
      "events:DeleteRule",
      "events:DisableRule",
      "events:EnableRule",
      "events:PutRule",
      "events:TagResource",
      "events:UntagResource",
    ],
    read: [
      "events:DescribeRule",
      "events:ListTagsForResource",
      "events:ListTargetsByRule",
    ],
    arns: ["arn:aws:events:{region}:{account}:rule/{prefix}-*"],
  },
  aws_cloudwatch_event_target: {
    deploy: ["events:PutTargets", "events:RemoveTargets"],
    read: ["events:ListTargetsByRule"],
    arns: ["arn:aws:events:{region}:{account}:rule/{prefix}-*"],
  },
  aws_sns_topic: {
    deploy: [
      "sns:CreateTopic",
      "sns:DeleteTopic",
      "sns:SetTopicAttributes",
      "sns:TagResource",
      "sns:UntagResource",
    ],
    read: ["sns:GetTopicAttributes", "sns:ListTagsForResource"],
    arns: ["arn:aws:sns:{region}:{account}:{prefix}-*"],
  },
  aws_sns_topic_policy: {
    deploy: ["sns:SetTopicAttributes"],
    read: ["sns:GetTopicAttributes"],
    arns: ["arn:aws:sns:{region}:{account}:{prefix}-*"],
  },
  aws_sns_topic_subscription: {
    deploy: [
      "sns:SetSubscriptionAttributes",
      "sns:Subscribe",
      "sns:Unsubscribe",
    ],
    read: ["sns:GetSubscriptionAttributes", "sns:ListSubscriptionsByTopic"],
    arns: ["arn:aws:sns:{region}:{account}:{prefix}-*"],
  },

  // ------------------------------------------------------ audit (vpc)
  aws_cloudtrail: {
    deploy: [
      "cloudtrail:AddTags",
      "cloudtrail:CreateTrail",
      "cloudtrail:PutEventSelectors",
      "cloudtrail:PutInsightSelectors",
      "cloudtrail:RemoveTags",
      "cloudtrail:StartLogging",
      "cloudtrail:UpdateTrail",
    ],
    read: [
      "cloudtrail:DescribeTrails",
      "cloudtrail:GetEventSelectors",
      "cloudtrail:GetInsightSelectors",
      "cloudtrail:GetTrail",
      "cloudtrail:GetTrailStatus",
      "cloudtrail:ListTags",
    ],
    arns: ["arn:aws:cloudtrail:{region}:{account}:trail/{prefix}-*"],
    destroyOnly: ["cloudtrail:DeleteTrail", "cloudtrail:StopLogging"],
  },
  aws_config_configuration_recorder: {
    deploy: ["config:PutConfigurationRecorder"],
    read: ["config:DescribeConfigurationRecorders"],
    destroyOnly: ["config:DeleteConfigurationRecorder"],
  },
  aws_config_configuration_recorder_status: {
    deploy: ["config:StartConfigurationRecorder"],
    read: ["config:DescribeConfigurationRecorderStatus"],
    destroyOnly: ["config:StopConfigurationRecorder"],
  },
  aws_config_delivery_channel: {
    deploy: ["config:PutDeliveryChannel"],
    read: ["config:DescribeDeliveryChannels"],
    destroyOnly: ["config:DeleteDeliveryChannel"],
  },
  aws_config_config_rule: {
    deploy: [
      "config:DeleteConfigRule",
      "config:PutConfigRule",
      "config:TagResource",
      "config:UntagResource",
    ],
    read: ["config:DescribeConfigRules", "config:ListTagsForResource"],
  },
};
