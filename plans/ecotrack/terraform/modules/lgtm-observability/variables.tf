variable "cluster_name" {
  description = "Cluster to install into (module.eks)."
  type        = string
}

variable "namespace" {
  description = "Namespace of the stack."
  type        = string
  default     = "observability"
}

variable "retention" {
  description = "How long logs, metrics and traces are kept, e.g. 168h."
  type        = string
  default     = "168h"
}

variable "components" {
  description = "Releases of the stack."
  type        = list(string)
  default     = ["loki", "grafana", "tempo", "mimir", "promtail"]
}
