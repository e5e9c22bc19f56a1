/**
 * One Linux network namespace. (Placeholder: the kernel model fills this in.)
 */
export class Netns {
  constructor(readonly name: string) {}
}
