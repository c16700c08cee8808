DELETE FROM AsyncRestVO
WHERE state = 'Done' AND lastOpDate < :expiredBefore
