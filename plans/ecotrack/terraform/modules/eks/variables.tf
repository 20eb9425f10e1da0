variable "cluster_name" {
  description = "Name of the cluster."
  type        = string
}

variable "kubernetes_version" {
  description = "Kubernetes minor version, e.g. 1.29."
  type        = string
}

variable "region" {
  description = "Region of the cluster."
  type        = string
}

variable "vpc_id" {
  description = "VPC the cluster runs in (module.vpc)."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets of the node group (module.vpc)."
  type        = list(string)
}

variable "cluster_role_arn" {
  description = "Control plane role (module.iam)."
  type        = string
}

variable "node_role_arn" {
  description = "Node role (module.iam)."
  type        = string
}

variable "node_count" {
  description = "Desired size of the node group."
  type        = number
}

variable "node_instance_type" {
  description = "Instance type of the node group."
  type        = string
}
