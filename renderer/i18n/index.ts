// The windows' words come from the one catalog in shared/, which main and the engine read too.
export {
  describeDueIn,
  formatInstant,
  translator,
  type MessageKey,
  type Params,
  type Translate,
} from '../../shared/i18n/translate';
