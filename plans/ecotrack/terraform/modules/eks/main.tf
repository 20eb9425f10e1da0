# Runbook 002, phase 1 step 4 (EKS cluster), as an offline null_resource. Its inputs come from
# module.vpc and module.iam, so -target=module.eks plans them too if they are missing.
terraform {
  required_providers {
    null = {
      source  = "hashicorp/null"
      version = ">= 2.1.2"
    }
  }
}

resource "null_resource" "cluster" {
  triggers = {
    cluster_name       = var.cluster_name
    kubernetes_version = var.kubernetes_version
    region             = var.region
    vpc_id             = var.vpc_id
    subnet_ids         = join(",", var.subnet_ids)
    cluster_role_arn   = var.cluster_role_arn
    node_role_arn      = var.node_role_arn
    node_count         = tostring(var.node_count)
    node_instance_type = var.node_instance_type
  }
}
