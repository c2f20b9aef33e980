/** Sky timing (moon, planets, sunrise, planetary hours) and schedules that start a session or
 *  a ritual at a sky event or a time. */
export { buildSkyHandlers, type SkyHandlers, type SkyHandlerDeps } from './handlers';
export { createScheduler, systemClock, type Clock, type Scheduler, type SchedulerDeps } from './scheduler';
export { skyNow, eventsBetween, hoursOn } from './service';
export { searchCities } from './cities';
export { systemTimeZone, offsetMs, localDay, localMidnight, addDays } from './zone';
