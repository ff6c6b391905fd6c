import { api, type Page } from '../../api/client';
import type { InstrumentWithPositions } from './musician-types';

/** Live instruments with their positions, for the qualification picker and the list's filters. */
export const loadInstruments = () => api.get<Page<InstrumentWithPositions>>('/api/instruments', { limit: 500 }).then((page) => page.items);
