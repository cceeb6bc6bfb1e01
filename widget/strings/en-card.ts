/**
 * English for what the script tag paints by itself: the card, its header and the loading state.
 * The rest of English (`en-list.ts`) travels with the list's module, which the first read brings.
 */
export const enCard = {
  title: 'Connected accounts',
  description: 'Link the social accounts you want to publish to.',
  manage: 'Manage accounts',
  openCalendar: 'Open calendar',
  loading: 'Loading accounts…',
  retry: 'Try again',
  errorLoad: "We couldn't load your accounts.",
};
