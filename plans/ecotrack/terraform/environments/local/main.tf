# Targets for the local sandbox: the same module addresses as runbook 002, all offline
# null_resources, so `bosun apply --env local` can run every terraform step on one machine.
# Offline: only hashicorp/null, and no backend block, so state stays in this folder.
terraform {
  required_version = ">= 1.0.3"
  required_providers {
    null = {
      source  = "hashicorp/null"
      version = ">= 2.1.2"
    }
  }
}

module "vpc" {
  source             = "../../modules/vpc"
  name               = "${var.cluster_name}-vpc"
  cidr               = var.vpc_cidr
  availability_zones = var.availability_zones
}

module "iam" {
  source       = "../../modules/iam"
  cluster_name = var.cluster_name
  account_id   = var.account_id
}

module "eks" {
  source             = "../../modules/eks"
  cluster_name       = var.cluster_name
  kubernetes_version = var.kubernetes_version
  region             = var.region
  vpc_id             = module.vpc.vpc_id
  subnet_ids         = module.vpc.private_subnet_ids
  cluster_role_arn   = module.iam.cluster_role_arn
  node_role_arn      = module.iam.node_role_arn
  node_count         = var.node_count
  node_instance_type = var.node_instance_type
}

module "cert-manager" {
  source       = "../../modules/cert-manager"
  cluster_name = module.eks.cluster_name
  acme_email   = var.acme_email
}

module "external-dns" {
  source       = "../../modules/external-dns"
  cluster_name = module.eks.cluster_name
  domain       = var.domain
}

module "ambassador" {
  source       = "../../modules/ambassador"
  cluster_name = module.eks.cluster_name
  replicas     = var.gateway_replicas
}

module "lgtm-observability" {
  source       = "../../modules/lgtm-observability"
  cluster_name = module.eks.cluster_name
  retention    = var.observability_retention
}

output "cluster_name" {
  value = module.eks.cluster_name
}

output "cluster_endpoint" {
  value = module.eks.cluster_endpoint
}

output "grafana_service" {
  value = module.lgtm-observability.grafana_service
}
