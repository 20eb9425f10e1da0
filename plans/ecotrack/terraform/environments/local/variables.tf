variable "region" {
  description = "Region of the cluster."
  type        = string
}

variable "cluster_name" {
  description = "Name of the cluster; must match the plan environment's `cluster`."
  type        = string
}

variable "account_id" {
  description = "Cloud account id (placeholder offline)."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
}

variable "availability_zones" {
  description = "Availability zones of the private subnets."
  type        = list(string)
}

variable "kubernetes_version" {
  description = "Kubernetes minor version."
  type        = string
  default     = "1.29"
}

variable "node_count" {
  description = "Desired size of the node group."
  type        = number
}

variable "node_instance_type" {
  description = "Instance type of the node group."
  type        = string
  default     = "t3.large"
}

variable "domain" {
  description = "DNS zone of the services; keep equal to the plan's `domain` variable."
  type        = string
}

variable "acme_email" {
  description = "Contact address of the Let's Encrypt account."
  type        = string
}

variable "gateway_replicas" {
  description = "Ambassador gateway replicas."
  type        = number
  default     = 2
}

variable "observability_retention" {
  description = "Retention of logs, metrics and traces."
  type        = string
  default     = "168h"
}
