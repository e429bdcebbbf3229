// Times for people, in the local zone, to the second (as tail-style tools print them).
const pad = (value: number) => String(value).padStart(2, '0');

export const localTime = (ms: number) => {
  const at = new Date(ms);
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
};

export const localDateTime = (ms: number) => {
  const at = new Date(ms);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${localTime(ms)}`;
};
