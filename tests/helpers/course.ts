// Facts about the course deck that several tests check: its file and its slide titles, from the
// outline (../shared/seed/OUTLINE.md).

export const COURSE_DECK = 'slides/virtualisation.md';

export const COURSE_TITLES = [
  'UBx :: IUT-INFO [R4.A.08] Introduction à la Virtualisation',
  'Organisation du module',
  'Virtualisation - Définition',
  'Différents types de virtualisation système',
  "Système d'exploitation et amorçage",
  "Système d'exploitation et amorçage",
  "Procédure d'amorçage sous Linux",
  'Processus',
  'Espaces noyau et utilisateur',
  'Bibliothèques partagées',
  'Utilisateurs et droits',
  'Système de fichiers',
  'Organisation du système de fichiers sous Linux',
  'Gestionnaire de paquets',
  "Transmission d'informations sensibles",
  'Chiffrement, intégrité et signature',
  'Chiffrement, intégrité et signature',
  'Accès Moodle',
] as const;
