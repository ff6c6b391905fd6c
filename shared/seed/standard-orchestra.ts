/**
 * The standard symphony orchestra every new orchestra starts with (SPEC §2): instruments in score order,
 * each with its positions in seniority order (most senior first), named as Swedish orchestras name them.
 */
export interface StandardInstrument {
  name: string;
  positions: readonly string[];
}

export const standardOrchestra: readonly StandardInstrument[] = [
  {
    name: 'Violin',
    positions: [
      'Förste konsertmästare',
      'Andre konsertmästare',
      'Stämledare violin 1',
      'Tutti violin 1',
      'Stämledare violin 2',
      'Tutti violin 2',
    ],
  },
  { name: 'Viola', positions: ['Solobratschist', 'Stämledare viola', 'Tutti viola'] },
  { name: 'Cello', positions: ['Solocellist', 'Stämledare cello', 'Tutti cello'] },
  { name: 'Kontrabas', positions: ['Solokontrabasist', 'Tutti kontrabas'] },
  { name: 'Flöjt', positions: ['Soloflöjt', 'Andreflöjt', 'Piccolaflöjt'] },
  { name: 'Oboe', positions: ['Solooboe', 'Andreoboe', 'Engelskt horn'] },
  { name: 'Klarinett', positions: ['Soloklarinett', 'Andreklarinett', 'Basklarinett', 'Ess-klarinett'] },
  { name: 'Fagott', positions: ['Solofagott', 'Andrefagott', 'Kontrafagott'] },
  { name: 'Valthorn', positions: ['Solohorn', 'Andrehorn', 'Tredjehorn', 'Fjärdehorn'] },
  { name: 'Trumpet', positions: ['Solotrumpet', 'Andretrumpet', 'Tredjetrumpet'] },
  { name: 'Trombon', positions: ['Solotrombon', 'Andretrombon', 'Bastrombon'] },
  { name: 'Tuba', positions: ['Tuba'] },
  { name: 'Slagverk', positions: ['Puka', 'Slagverk'] },
  { name: 'Harpa', positions: ['Harpa'] },
];

/** The standard lists every position gets, each with the description shown to the admin. */
export const standardRankingLists = [
  { kind: 'A', description: 'A-lista: förstahandsval' },
  { kind: 'B', description: 'B-lista: andrahandsval' },
  { kind: 'C', description: 'C-lista: reserver' },
] as const;
