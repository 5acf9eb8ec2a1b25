/**
 * Great-circle distance and travel speed between two sign-ins.
 */

const EARTH_RADIUS_KM = 6371.0088;

/** A point on the globe in degrees. */
export interface LatLon {
  lat: number;
  lon: number;
}

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Speed in km/h; a gap under one second counts as one second. */
export function speedKmh(km: number, ms: number): number {
  return km / (Math.max(ms, 1000) / 3_600_000);
}
