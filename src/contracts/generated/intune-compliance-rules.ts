/* Generated from schemas/intune-compliance-rules.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * An Intune custom compliance JSON file as Microsoft documents it (https://learn.microsoft.com/mem/intune/protect/compliance-custom-json): rules with SettingName (case-sensitive), Operator, DataType, Operand, MoreInfoUrl and RemediationStrings with at least one en_US string; at most 100 rules. `winre-fix package intune` validates its compliance/winre-fix-compliance-rules.json against this before writing it.
 */
export interface IntuneComplianceRules {
  /**
   * @minItems 1
   * @maxItems 100
   */
  Rules: [Rule, ...Rule[]];
}
/**
 * This interface was referenced by `IntuneComplianceRules`'s JSON-Schema
 * via the `definition` "rule".
 */
export interface Rule {
  SettingName: string;
  Operator: 'IsEquals' | 'NotEquals' | 'GreaterThan' | 'GreaterEquals' | 'LessThan' | 'LessEquals';
  DataType: 'Boolean' | 'Int64' | 'Double' | 'String' | 'DateTime' | 'Version';
  Operand: string | number | boolean;
  MoreInfoUrl: string;
  /**
   * @minItems 1
   */
  RemediationStrings: [RemediationString, ...RemediationString[]];
}
/**
 * This interface was referenced by `IntuneComplianceRules`'s JSON-Schema
 * via the `definition` "remediationString".
 */
export interface RemediationString {
  Language:
    | 'cs_CZ'
    | 'da_DK'
    | 'de_DE'
    | 'el_GR'
    | 'en_US'
    | 'es_ES'
    | 'fi_FI'
    | 'fr_FR'
    | 'hu_HU'
    | 'it_IT'
    | 'ja_JP'
    | 'ko_KR'
    | 'nb_NO'
    | 'nl_NL'
    | 'pl_PL'
    | 'pt_BR'
    | 'ro_RO'
    | 'ru_RU'
    | 'sv_SE'
    | 'tr_TR'
    | 'zh_CN'
    | 'zh_TW';
  Title: string;
  Description: string;
}
