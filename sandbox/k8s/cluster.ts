/**
 * The Kubernetes API state of a world. (Placeholder: the Kubernetes layer fills this in.)
 */
export class Cluster {}
