/** Name material for the demo orchestra's musicians: mostly Swedish, some from elsewhere. */
export const swedishFirstNames = [
  'Anna', 'Maria', 'Karin', 'Sara', 'Emma', 'Elin', 'Ida', 'Johanna', 'Linnea', 'Frida', 'Hanna', 'Sofia',
  'Ingrid', 'Astrid', 'Ebba', 'Klara', 'Maja', 'Greta', 'Elsa', 'Wilma', 'Agnes', 'Lovisa', 'Matilda', 'Cecilia',
  'Erik', 'Lars', 'Anders', 'Johan', 'Per', 'Karl', 'Nils', 'Olof', 'Gustav', 'Henrik', 'Magnus', 'Fredrik',
  'Oskar', 'Axel', 'Viktor', 'Jonas', 'Mattias', 'David', 'Emil', 'Hugo', 'Linus', 'Björn', 'Måns', 'Jakob',
] as const;

export const swedishLastNames = [
  'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson',
  'Gustafsson', 'Pettersson', 'Jonsson', 'Jansson', 'Hansson', 'Bengtsson', 'Jönsson', 'Lindberg', 'Jakobsson',
  'Magnusson', 'Lindström', 'Lindqvist', 'Lindgren', 'Berg', 'Axelsson', 'Bergström', 'Lundberg', 'Lind',
  'Lundgren', 'Lundqvist', 'Mattsson', 'Berglund', 'Fredriksson', 'Sandberg', 'Henriksson', 'Forsberg',
  'Sjöberg', 'Wallin', 'Engström', 'Eklund', 'Danielsson', 'Håkansson', 'Lundin', 'Björk', 'Holm', 'Åberg',
  'Nordström', 'Ek', 'Sundberg', 'Öberg', 'Hedlund',
] as const;

/** Musicians from abroad; they prefer English. */
export const internationalNames = [
  ['Olivia', 'Smith'], ['James', 'O\u2019Brien'], ['Sophie', 'Müller'], ['Lukas', 'Schneider'], ['Marta', 'Kowalska'],
  ['Tomasz', 'Nowak'], ['Elena', 'Ivanova'], ['Giulia', 'Rossi'], ['Pierre', 'Dubois'], ['Hannah', 'Fischer'],
  ['Mateo', 'García'], ['Yuki', 'Tanaka'], ['Aleksandra', 'Wiśniewska'], ['Daniel', 'Novák'], ['Camille', 'Laurent'],
  ['Mikko', 'Nieminen'], ['Freja', 'Jensen'], ['Ingvild', 'Haugen'], ['Chiara', 'Bianchi'], ['Samuel', 'Cohen'],
] as const;

export const demoNotes = [
  'Föredrar projekt på helger.',
  'Kan inte repetera måndagar.',
  'Bor i Uppsala, pendlar gärna.',
  'Tidigare fast anställd i orkestern.',
  'Vill gärna ha noter i god tid.',
  'Har egen bil, kan samåka.',
  'Föräldraledig till och med våren.',
] as const;
