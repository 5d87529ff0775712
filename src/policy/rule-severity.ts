/** How serious a rule's finding is: an error stops `cdktf synth`, a warning is reported. */
export class RuleSeverity {
  /** The finding is an error annotation: synth fails until it is fixed or suppressed. */
  public static readonly ERROR = new RuleSeverity('error');
  /** The finding is a warning annotation. */
  public static readonly WARNING = new RuleSeverity('warning');

  private constructor(
    /** `error` or `warning`. */
    public readonly name: string,
  ) {}
}
