variable "cluster_name" {
  description = "Cluster to install into (module.eks)."
  type        = string
}

variable "namespace" {
  description = "Namespace of the release."
  type        = string
  default     = "ambassador"
}

variable "chart_version" {
  description = "Emissary-ingress (Ambassador) chart version."
  type        = string
  default     = "8.9.1"
}

variable "replicas" {
  description = "Gateway replicas."
  type        = number
  default     = 2
}
